package io.github.ocihooks.admin.security;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import io.github.ocihooks.admin.config.HooksProperties;
import io.github.ocihooks.admin.config.Role;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what. Writing hook files is root-equivalent on the host, so everything
 * except health, the API description and the sign-in page needs a signed-in user.
 * <ul>
 * <li>{@code /api/**}: stateless HTTP Basic, no CSRF (no cookies are involved), errors as
 * {@code application/problem+json};</li>
 * <li>everything else: form login at {@code /login} with a session, CSRF protection and
 * sign-out.</li>
 * </ul>
 * Both chains send a strict Content-Security-Policy: templates must not contain inline
 * scripts or styles.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

	private static final String[] PUBLIC_PATHS = { "/actuator/health", "/actuator/health/**", "/v3/api-docs",
			"/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/login", "/css/**", "/js/**", "/img/**",
			"/favicon.ico", "/error" };

	private static final Log logger = LogFactory.getLog(SecurityConfig.class);

	/**
	 * Authentication for both chains: the user store and password encoder, behind the
	 * {@link LoginThrottle} (which thus sees every attempt authentication sees).
	 */
	@Bean
	ThrottledAuthenticationManager throttledAuthenticationManager(InMemoryUserDetailsManager users,
			PasswordEncoder passwordEncoder, LoginThrottle throttle, ApplicationEventPublisher events) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
		provider.setPasswordEncoder(passwordEncoder);
		ProviderManager manager = new ProviderManager(provider);
		manager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
		return new ThrottledAuthenticationManager(manager, throttle, users);
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiFilterChain(HttpSecurity http, JsonMapper jsonMapper,
			ThrottledAuthenticationManager authenticationManager) throws Exception {
		ApiProblemResponses problems = new ApiProblemResponses(jsonMapper);
		http.securityMatcher("/api/**")
			.authenticationManager(authenticationManager)
			.authorizeHttpRequests((authorize) -> authorize
				// ADMIN: the audit log and restoring old versions (precreate execution is
				// checked where it runs).
				.requestMatchers("/api/v1/audit", "/api/v1/audit/**")
				.hasRole(Role.ADMIN.name())
				.requestMatchers(HttpMethod.POST, "/api/v1/history/*/restore")
				.hasRole(Role.ADMIN.name())
				// EDITOR: anything that changes files or reloads; reading history.
				.requestMatchers(HttpMethod.POST, "/api/v1/reload", "/api/v1/directories/*/sync")
				.hasRole(Role.EDITOR.name())
				.requestMatchers(HttpMethod.PUT, "/api/**")
				.hasRole(Role.EDITOR.name())
				.requestMatchers(HttpMethod.DELETE, "/api/**")
				.hasRole(Role.EDITOR.name())
				.requestMatchers("/api/v1/history", "/api/v1/history/**")
				.hasRole(Role.EDITOR.name())
				// VIEWER: reading, previews and validation.
				.requestMatchers(HttpMethod.GET, "/api/**")
				.hasRole(Role.VIEWER.name())
				.requestMatchers(HttpMethod.POST, "/api/v1/preview", "/api/v1/hooks/validate", "/api/v1/fleet/preview",
						"/api/v1/fleet/refresh", "/api/v1/fleet/machine-config")
				.hasRole(Role.VIEWER.name())
				.anyRequest()
				.hasRole(Role.ADMIN.name()))
			.addFilterBefore(new ApiCrossSiteFilter(problems), BasicAuthenticationFilter.class)
			.httpBasic((basic) -> basic.realmName(ApiProblemResponses.REALM).authenticationEntryPoint(problems))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.headers(SecurityConfig::headers);
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain webFilterChain(HttpSecurity http, ThrottledAuthenticationManager authenticationManager)
			throws Exception {
		http.authenticationManager(authenticationManager)
			.authorizeHttpRequests((authorize) -> authorize.requestMatchers(PUBLIC_PATHS)
				.permitAll()
				// ADMIN: the audit log and restoring; EDITOR: reading history.
				.requestMatchers("/audit", "/history/restore")
				.hasRole(Role.ADMIN.name())
				.requestMatchers("/history", "/history/version")
				.hasRole(Role.EDITOR.name())
				// Pages that only look (including previews and validation) are for every
				// signed-in user.
				.requestMatchers(HttpMethod.GET, "/**")
				.hasRole(Role.VIEWER.name())
				.requestMatchers(HttpMethod.POST, "/preview", "/preview/**", "/hooks/validate", "/logout",
						"/fleet/preview")
				.hasRole(Role.VIEWER.name())
				// Every other form changes something.
				.anyRequest()
				.hasRole(Role.EDITOR.name()))
			.formLogin((form) -> form.loginPage("/login")
				.failureHandler((request, response,
						exception) -> response.sendRedirect(request.getContextPath()
								+ ((exception instanceof ThrottledAuthenticationManager.ThrottledException)
										? "/login?locked" : "/login?error")))
				.permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout").permitAll())
			.headers(SecurityConfig::headers);
		return http.build();
	}

	private static void headers(HeadersConfigurer<HttpSecurity> headers) {
		headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.frameOptions((frame) -> frame.deny())
			.contentTypeOptions(Customizer.withDefaults());
	}

	/**
	 * Delegating ({bcrypt}, {noop}, ...), with recent successful checks remembered for
	 * five minutes.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new CachingPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder(), 300_000);
	}

	@Bean
	InMemoryUserDetailsManager userDetailsService(HooksProperties properties, PasswordEncoder passwordEncoder) {
		String configured = (properties.admin() != null) ? properties.admin().password() : null;
		String encoded = AdminPassword.resolve(configured, passwordEncoder,
				(generated) -> logger.warn("Generated password for user admin: " + generated
						+ " (set hooks.admin.password / HOOKS_ADMIN_PASSWORD to choose one)"));
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
				User.withUsername("admin").password(encoded).roles(Role.ADMIN.name()).build());
		for (HooksProperties.User user : properties.users()) {
			if (user.name() == null || user.name().isBlank() || users.userExists(user.name())) {
				throw new IllegalStateException("hooks.users: every user needs a unique name (\"admin\" is built in)");
			}
			if (user.password() == null || user.password().isBlank()) {
				throw new IllegalStateException("hooks.users: user " + user.name() + " has no password");
			}
			Role role = user.role();
			String password = AdminPassword.resolve(user.password(), passwordEncoder, (generated) -> {
			});
			users.createUser(User.withUsername(user.name()).password(password).roles(role.name()).build());
		}
		return users;
	}

	/**
	 * ADMIN implies EDITOR implies VIEWER, so checks can name the least role they need.
	 */
	@Bean
	static RoleHierarchy roleHierarchy() {
		return Role.hierarchy();
	}

}
