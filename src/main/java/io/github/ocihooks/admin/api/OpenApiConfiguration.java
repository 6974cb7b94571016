package io.github.ocihooks.admin.api;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description served at {@code /v3/api-docs} (and committed as
 * {@code src/main/resources/openapi/oci-hooks-admin.json}): HTTP Basic security, a
 * relative server so the document does not depend on the host, and the RFC 9457 problem
 * responses every operation can give.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String PROBLEM = "ProblemDetail";

	static {
		// Free-form JSON (a container config, a JSON Patch value) is any JSON value, not
		// a "JsonNode" model.
		org.springdoc.core.utils.SpringDocUtils.getConfig()
			.replaceWithClass(tools.jackson.databind.JsonNode.class, Object.class);
	}

	@Bean
	OpenAPI ociHooksOpenApi() {
		return new OpenAPI()
			.info(new Info().title("OCI Hooks Admin API")
				.version("v1")
				.description("Administers OCI hook definitions (oci-hooks(5)) in the hook directories read by podman, "
						+ "CRI-O and Buildah, and previews exactly which hooks the runtime would inject into a "
						+ "container. Errors are RFC 9457 problem details (application/problem+json)."))
			.servers(List.of(new Server().url("/").description("This service")))
			.components(new Components().addSecuritySchemes("basic",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
			.addSecurityItem(new SecurityRequirement().addList("basic"));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema problemSchema() {
		ObjectSchema error = new ObjectSchema();
		error.addProperty("pointer", new StringSchema().description("RFC 6901 JSON pointer into the request body"));
		error.addProperty("detail", new StringSchema());
		error.addProperty("code", new StringSchema());
		ObjectSchema problem = new ObjectSchema();
		problem.description("RFC 9457 problem details");
		problem.addProperty("type", new StringSchema().format("uri"));
		problem.addProperty("title", new StringSchema());
		problem.addProperty("status", new IntegerSchema());
		problem.addProperty("detail", new StringSchema());
		problem.addProperty("instance", new StringSchema().format("uri"));
		problem.addProperty("errors", new ArraySchema().items(error));
		return problem;
	}

	/** Adds the problem responses each operation can give, keyed by what it does. */
	@Bean
	OpenApiCustomizer problemResponses() {
		return openApi -> {
			openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
				add(op, "400", "Malformed request (JSON syntax, parameters, file name)");
				add(op, "401", "Not signed in (HTTP Basic)");
				add(op, "403", "The user's role does not allow this");
				if (path.contains("{name}") || path.contains("{directory}")) {
					add(op, "404", "No such directory or file");
				}
				switch (method) {
					case PUT -> {
						add(op, "409", "The directory does not accept writes, or the entry is not a regular file");
						add(op, "412",
								"If-Match does not match the current ETag, or If-None-Match: * and the file exists");
						add(op, "415", "Content-Type is not application/json");
						add(op, "422", "The definition would not be accepted (errors[] with JSON pointers)");
						add(op, "428", "Replacing an existing file needs If-Match");
					}
					case DELETE -> {
						add(op, "409", "The directory does not accept writes");
						add(op, "412", "If-Match does not match the current ETag");
						add(op, "428", "Deleting needs If-Match");
					}
					case POST -> {
						if (op.getRequestBody() != null) {
							add(op, "415", "Content-Type is not application/json");
						}
						if (path.endsWith("/sync")) {
							add(op, "409", "The directory does not accept writes");
							add(op, "412", "A file changed while the plan was applied");
							add(op, "422", "A definition would not be accepted (errors[] with JSON pointers)");
						}
						if (path.endsWith("/preview")) {
							add(op, "503", "All precreate slots are busy");
						}
					}
					default -> {
					}
				}
			}));
		};
	}

	private static void add(Operation op, String code, String description) {
		if (op.getResponses().containsKey(code)) {
			return;
		}
		op.getResponses()
			.addApiResponse(code,
					new ApiResponse().description(description)
						.content(new Content().addMediaType("application/problem+json",
								new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
	}

}
