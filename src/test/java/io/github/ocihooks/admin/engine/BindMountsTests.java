package io.github.ocihooks.admin.engine;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * hasBindMounts inferred from a config's mounts, not counting podman's own bind mounts.
 */
class BindMountsTests {

	private static ContainerConfig config(String mounts) throws Exception {
		return ContainerConfig.parse(GoJson.parse("{\"mounts\": " + mounts + "}"));
	}

	@Test
	void userBindMountsCount() throws Exception {
		BindMounts.Inference i = BindMounts.infer(config("[{\"destination\": \"/data\", \"type\": \"bind\", "
				+ "\"source\": \"/srv/data\", \"options\": [\"rbind\", \"rw\"]}]"));
		assertThat(i.value()).isTrue();
		assertThat(i.counted()).containsExactly("mounts[0] /srv/data -> /data");
		assertThat(i.explanation()).startsWith("true: the config bind-mounts mounts[0]");
	}

	@Test
	void bindOptionWithoutBindTypeCounts() throws Exception {
		assertThat(BindMounts
			.infer(config("[{\"destination\": \"/x\", \"type\": \"none\", \"source\": \"/y\", "
					+ "\"options\": [\"bind\"]}]"))
			.value()).isTrue();
	}

	@Test
	void podmansOwnBindMountsDoNotCount() throws Exception {
		BindMounts.Inference i = BindMounts.infer(config("[{\"destination\": \"/etc/resolv.conf\", \"type\": "
				+ "\"bind\", \"source\": \"/run/containers/resolv.conf\", \"options\": [\"rbind\"]}, "
				+ "{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"}, {\"destination\": "
				+ "\"/run/.containerenv\", \"type\": \"bind\", \"source\": \"/x\"}]"));
		assertThat(i.value()).isFalse();
		assertThat(i.ignored()).hasSize(2);
		assertThat(i.explanation()).contains("podman's own");
	}

	/**
	 * podman --init binds catatonit at /run/podman-init; --secret binds each secret under
	 * /run/secrets/.
	 */
	@Test
	void podmansInitBinaryAndSecretsDoNotCount() throws Exception {
		BindMounts.Inference i = BindMounts.infer(config("[{\"destination\": \"/run/podman-init\", \"type\": "
				+ "\"bind\", \"source\": \"/usr/libexec/podman/catatonit\", \"options\": [\"bind\", \"ro\"]}, "
				+ "{\"destination\": \"/run/secrets/db-password\", \"type\": \"bind\", \"source\": "
				+ "\"/var/lib/containers/storage/secrets/filedriver/db-password\", \"options\": [\"bind\", \"ro\"]}]"));
		assertThat(i.value()).isFalse();
		assertThat(i.ignored()).hasSize(2);
	}

	@Test
	void aVolumeThatOnlyLooksLikeASecretsDirectoryCounts() throws Exception {
		assertThat(BindMounts
			.infer(config("[{\"destination\": \"/run/secretsdir\", \"type\": \"bind\", " + "\"source\": \"/srv/x\"}]"))
			.value()).isTrue();
	}

	@Test
	void noMountsNoBindMounts() throws Exception {
		assertThat(BindMounts.infer(config("[]")).value()).isFalse();
		assertThat(BindMounts.infer(ContainerConfig.parse(GoJson.parse("{}"))).counted()).isEqualTo(List.of());
	}

}
