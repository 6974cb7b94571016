package io.github.ocihooks.admin.config;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * {@code hooks.limits.max-request-body}: the {@link RequestBodyLimitFilter} runs first,
 * before security and before anything parses a body; Tomcat's own form-post limit is set
 * to the same size.
 */
@Configuration(proxyBeanMethods = false)
class RequestLimitsConfiguration {

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(HooksProperties properties) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(properties.limits().maxRequestBody().toBytes()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		registration.addUrlPatterns("/*");
		return registration;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> formPostLimit(HooksProperties properties) {
		int limit = (int) Math.min(Integer.MAX_VALUE, properties.limits().maxRequestBody().toBytes());
		return factory -> factory.addConnectorCustomizers(connector -> connector.setMaxPostSize(limit));
	}

}
