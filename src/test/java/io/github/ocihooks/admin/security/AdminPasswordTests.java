package io.github.ocihooks.admin.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import io.github.ocihooks.admin.config.HooksProperties;
import io.github.ocihooks.admin.config.HooksPropertiesFixture;
import io.github.ocihooks.admin.config.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AdminPasswordTests {

	private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	private final List<String> announced = new ArrayList<>();

	@Test
	void plainPasswordIsEncodedWithBcrypt() {
		String encoded = AdminPassword.resolve("s3cret", this.encoder, this.announced::add);
		assertThat(encoded).startsWith("{bcrypt}$2");
		assertThat(this.encoder.matches("s3cret", encoded)).isTrue();
		assertThat(this.announced).isEmpty();
	}

	@Test
	void encodedPasswordIsUsedAsIs() {
		String bcrypt = this.encoder.encode("s3cret");
		assertThat(AdminPassword.resolve(bcrypt, this.encoder, this.announced::add)).isEqualTo(bcrypt);
		assertThat(AdminPassword.resolve("{noop}s3cret", this.encoder, this.announced::add)).isEqualTo("{noop}s3cret");
		assertThat(this.encoder.matches("s3cret", "{noop}s3cret")).isTrue();
		assertThat(this.announced).isEmpty();
	}

	@Test
	void unknownEncodingPrefixFailsAtStart() {
		assertThatIllegalStateException().isThrownBy(() -> AdminPassword.resolve("{bcrpyt}x", this.encoder, (p) -> {
		})).withMessageContaining("{bcrpyt}");
		assertThatIllegalStateException().isThrownBy(() -> AdminPassword.resolve("{oops", this.encoder, (p) -> {
		})).withMessageContaining("closing");
	}

	@Test
	void missingPasswordIsGeneratedAndAnnouncedOnce() {
		for (String configured : new String[] { null, "", "  " }) {
			this.announced.clear();
			String encoded = AdminPassword.resolve(configured, this.encoder, this.announced::add);
			assertThat(this.announced).hasSize(1);
			String generated = this.announced.get(0);
			assertThat(generated).hasSize(AdminPassword.GENERATED_LENGTH).matches("[A-Za-z0-9]+");
			assertThat(encoded).startsWith("{bcrypt}");
			assertThat(this.encoder.matches(generated, encoded)).isTrue();
		}
	}

	@Test
	void generatedPasswordsDiffer() {
		assertThat(AdminPassword.generate()).isNotEqualTo(AdminPassword.generate());
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void userDetailsServiceLogsTheGeneratedPasswordOnceAtWarn(CapturedOutput output) {
		HooksProperties properties = HooksPropertiesFixture.of(null, Path.of("/nonexistent"));
		InMemoryUserDetailsManager users = new SecurityConfig().userDetailsService(properties, this.encoder);

		String marker = "Generated password for user admin: ";
		String out = output.getAll();
		assertThat(out).containsOnlyOnce(marker).contains("WARN").contains("HOOKS_ADMIN_PASSWORD");
		int start = out.indexOf(marker) + marker.length();
		String generated = out.substring(start, start + AdminPassword.GENERATED_LENGTH);
		var admin = users.loadUserByUsername("admin");
		assertThat(this.encoder.matches(generated, admin.getPassword())).isTrue();
		assertThat(admin.getAuthorities()).extracting("authority").containsExactly(Role.ADMIN.authority());
	}

}
