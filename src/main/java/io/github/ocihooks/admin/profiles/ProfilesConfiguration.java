package io.github.ocihooks.admin.profiles;

import java.util.HashMap;
import java.util.Map;

import io.github.ocihooks.admin.config.HooksProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The {@link RuntimeProfiles} bean, detected once at start. */
@Configuration(proxyBeanMethods = false)
class ProfilesConfiguration {

	@Bean
	RuntimeProfiles runtimeProfiles(HooksProperties properties, Environment environment) {
		Map<String, String> containersEnv = new HashMap<>();
		for (String name : new String[] { "CONTAINERS_CONF", "CONTAINERS_CONF_OVERRIDE" }) {
			String value = System.getenv(name);
			if (value != null) {
				containersEnv.put(name, value);
			}
		}
		return new RuntimeProfiles(properties, RuntimeProfiles.directoriesSetExplicitly(environment), containersEnv,
				CommandRunner.processes());
	}

}
