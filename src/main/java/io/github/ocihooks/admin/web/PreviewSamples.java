package io.github.ocihooks.admin.web;

import java.util.LinkedHashMap;
import java.util.Map;

/** Sample container configs to start a preview from. */
final class PreviewSamples {

	private PreviewSamples() {
	}

	/** A sample: a label for the button and the config.json text. */
	record Sample(String id, String label, String description, String config) {
	}

	static final Map<String, Sample> ALL = samples();

	private static Map<String, Sample> samples() {
		Map<String, Sample> samples = new LinkedHashMap<>();
		add(samples, new Sample("shell", "Plain shell", "/bin/sh, no annotations, no bind mounts", """
				{
				  "ociVersion": "1.0.2",
				  "process": {
				    "args": ["/bin/sh"],
				    "cwd": "/"
				  },
				  "root": {"path": "rootfs"},
				  "mounts": [
				    {"destination": "/proc", "type": "proc", "source": "proc"}
				  ],
				  "annotations": {}
				}
				"""));
		add(samples, new Sample("systemd", "systemd init", "/usr/sbin/init as PID 1", """
				{
				  "ociVersion": "1.0.2",
				  "process": {
				    "args": ["/usr/sbin/init"],
				    "cwd": "/"
				  },
				  "root": {"path": "rootfs"},
				  "mounts": [
				    {"destination": "/proc", "type": "proc", "source": "proc"},
				    {"destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup"}
				  ],
				  "annotations": {}
				}
				"""));
		add(samples, new Sample("gpu", "GPU annotation", "annotation com.example.gpu=true", """
				{
				  "ociVersion": "1.0.2",
				  "process": {
				    "args": ["/usr/bin/python3", "train.py"],
				    "cwd": "/work"
				  },
				  "root": {"path": "rootfs"},
				  "mounts": [
				    {"destination": "/proc", "type": "proc", "source": "proc"}
				  ],
				  "annotations": {
				    "com.example.gpu": "true"
				  }
				}
				"""));
		add(samples, new Sample("bind", "Bind mount", "/srv/data mounted at /data", """
				{
				  "ociVersion": "1.0.2",
				  "process": {
				    "args": ["/bin/sh"],
				    "cwd": "/"
				  },
				  "root": {"path": "rootfs"},
				  "mounts": [
				    {"destination": "/proc", "type": "proc", "source": "proc"},
				    {"destination": "/data", "type": "bind", "source": "/srv/data", "options": ["rbind", "rw"]}
				  ],
				  "annotations": {}
				}
				"""));
		return samples;
	}

	private static void add(Map<String, Sample> samples, Sample sample) {
		samples.put(sample.id(), sample);
	}

}
