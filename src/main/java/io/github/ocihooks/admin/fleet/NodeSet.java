package io.github.ocihooks.admin.fleet;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The bytes of a node's active hook files: what the hub needs to preview a group of
 * identical nodes in process. Asked for once per distinct set hash.
 *
 * @param setHash the set hash these files belong to
 * @param extensionStages the node's extension stages
 * @param directories the node's directories in increasing precedence (paths, for the
 * preview's origins)
 * @param files every active file
 */
@Schema(name = "NodeSet")
public record NodeSet(String setHash, List<String> extensionStages, List<String> directories, List<SetFile> files) {

	/**
	 * One active file.
	 *
	 * @param precedence its directory's position
	 * @param name the file name
	 * @param content its bytes, base64
	 */
	@Schema(name = "NodeSetFile")
	public record SetFile(int precedence, String name, String content) {
	}

}
