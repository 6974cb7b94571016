package io.github.ocihooks.admin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * OCI Hooks Admin: administers oci-hooks(5) definitions and previews what the runtime
 * would inject.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OciHooksAdminApplication {

	public static void main(String[] args) {
		SpringApplication.run(OciHooksAdminApplication.class, args);
	}

}
