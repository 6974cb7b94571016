package io.github.ocihooks.admin.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Enum values in query parameters and path variables are accepted as responses write them
 * ({@code status=active}, {@code action=external-create} for an enum whose
 * {@code toString()} is its written form) and in any other case ({@code ACTIVE},
 * {@code Active}, {@code EXTERNAL_CREATE}). An unknown value fails with the list of valid
 * ones, which the API's 400 shows.
 */
@Configuration(proxyBeanMethods = false)
public class EnumParameters implements WebMvcConfigurer {

	@Override
	public void addFormatters(FormatterRegistry registry) {
		registry.addConverterFactory(new CaseInsensitiveEnumConverterFactory());
	}

	/**
	 * String to any enum, ignoring case; blank is "not given" (null), as Spring's own
	 * enum converter has it.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static final class CaseInsensitiveEnumConverterFactory implements ConverterFactory<String, Enum> {

		@Override
		public <T extends Enum> Converter<String, T> getConverter(Class<T> targetType) {
			Class<?> type = targetType;
			while (type != null && !type.isEnum()) {
				type = type.getSuperclass();
			}
			Class<T> enumType = (Class<T>) type;
			return source -> {
				String value = source.trim();
				if (value.isEmpty()) {
					return null;
				}
				for (T constant : enumType.getEnumConstants()) {
					if (constant.name().equalsIgnoreCase(value) || constant.toString().equalsIgnoreCase(value)) {
						return constant;
					}
				}
				throw new IllegalArgumentException("\"" + source + "\" is not one of " + validValues(enumType));
			};
		}

	}

	/**
	 * The constants as the API writes them, comma-separated: lower case, or the
	 * constant's {@code toString()} when the enum gives one ({@code external-create}).
	 */
	public static String validValues(Class<?> enumType) {
		return Arrays.stream(enumType.getEnumConstants()).map(c -> {
			Enum<?> constant = (Enum<?>) c;
			return constant.toString().equals(constant.name()) ? constant.name().toLowerCase(Locale.ROOT)
					: constant.toString();
		}).collect(Collectors.joining(", "));
	}

}
