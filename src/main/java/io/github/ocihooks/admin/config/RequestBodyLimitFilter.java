package io.github.ocihooks.admin.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code hooks.limits.max-request-body} with 413
 * (problem+json) before anything reads them: by {@code Content-Length} when it is
 * declared; a body streamed without one (chunked) is read up to the limit and refused as
 * soon as it goes over, so no request ever costs more than the limit in memory. Form
 * posts are parsed by Tomcat, which applies {@code server.tomcat.max-http-form-post-size}
 * (set to the same limit).
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final long limit;

	public RequestBodyLimitFilter(long limit) {
		this.limit = limit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.limit) {
			refuse(request, response);
			return;
		}
		if (declared < 0 && hasBody(request) && !isForm(request)) {
			byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.limit + 1));
			if (body.length > this.limit) {
				refuse(request, response);
				return;
			}
			chain.doFilter(new BufferedBody(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean hasBody(HttpServletRequest request) {
		String te = request.getHeader("Transfer-Encoding");
		return te != null && !te.isBlank();
	}

	private static boolean isForm(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null) {
			return false;
		}
		type = type.toLowerCase(Locale.ROOT);
		return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
		// The rest of the body is not read; Tomcat swallows at most
		// server.tomcat.max-swallow-size, then closes.
		response.setHeader("Connection", "close");
		response.setStatus(413);
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		String problem = ("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,\"detail\":"
				+ "\"The request body is larger than " + this.limit
				+ " bytes, the limit of this service (hooks.limits.max-request-body)\",\"instance\":\""
				+ request.getRequestURI().replace("\\", "").replace("\"", "") + "\"}");
		byte[] bytes = problem.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
		// On the wire before Tomcat tries to swallow the unread body (and gives up on it
		// past max-swallow-size).
		response.flushBuffer();
	}

	/** The request with its body already read into memory. */
	private static final class BufferedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			InputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() throws IOException {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) throws IOException {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					try {
						return in.available() == 0;
					}
					catch (IOException ex) {
						return true;
					}
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException();
				}

			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			String encoding = (getCharacterEncoding() != null) ? getCharacterEncoding() : "UTF-8";
			return new java.io.BufferedReader(new java.io.InputStreamReader(new ByteArrayInputStream(this.body),
					java.nio.charset.Charset.forName(encoding)));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
