package io.github.ocihooks.admin.api;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.github.ocihooks.admin.support.ApiClient;
import io.github.ocihooks.admin.support.SharedApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document must equal the committed
 * {@code src/main/resources/openapi/oci-hooks-admin.json}, from which the build generates
 * the Java client. After an intended API change, regenerate the file with
 * {@code OPENAPI_UPDATE=1 ./mvnw verify -Dit.test=OpenApiDocumentIT} and commit it.
 */
class OpenApiDocumentIT extends SharedApplication {

	static final Path COMMITTED = Path.of("src/main/resources/openapi/oci-hooks-admin.json");

	@LocalServerPort
	int port;

	@Test
	void servedDocumentMatchesTheCommittedOne() throws Exception {
		HttpResponse<String> response = new ApiClient(this.port, "anonymous", "x").get("/v3/api-docs");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode served = ApiClient.JSON.readTree(response.body());
		String pretty = ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n";
		if ("1".equals(System.getenv("OPENAPI_UPDATE"))) {
			Files.writeString(COMMITTED, pretty, StandardCharsets.UTF_8);
		}
		JsonNode committed = ApiClient.JSON.readTree(Files.readString(COMMITTED));
		assertThat(served)
			.as("The API changed: regenerate %s (OPENAPI_UPDATE=1 ./mvnw verify "
					+ "-Dit.test=OpenApiDocumentIT) and review the diff", COMMITTED)
			.isEqualTo(committed);
	}

	@Test
	void everyOperationIsDescribedForGeneratedClients() throws Exception {
		JsonNode doc = ApiClient.JSON.readTree(Files.readString(COMMITTED));
		Set<String> ids = new HashSet<>();
		for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
			assertThat(path.getKey()).startsWith("/api/v1/");
			for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
				JsonNode operation = op.getValue();
				String where = op.getKey() + " " + path.getKey();
				assertThat(operation.path("operationId").asString()).as(where).isNotBlank();
				assertThat(ids.add(operation.get("operationId").asString())).as("unique id " + where).isTrue();
				assertThat(operation.path("tags").size()).as(where).isPositive();
				assertThat(operation.path("summary").asString()).as(where).isNotBlank();
				assertThat(operation.path("responses").has("401")).as(where).isTrue();
				assertThat(operation.path("responses").path("400").path("content").has("application/problem+json"))
					.as(where)
					.isTrue();
			}
		}
		assertThat(ids).contains("preview", "reload", "listHooks", "getHook", "putHook", "deleteHook", "validateHook",
				"syncDirectory", "exportHooks", "getHookSchema", "listDirectories", "events");
	}

}
