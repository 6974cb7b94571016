package io.github.ocihooks.admin.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP/1.1 over a plain socket from a chosen local address (127.0.0.2 is another client
 * on loopback), with headers exactly as given (tabs, odd schemes): what the JDK client
 * would normalize or refuse.
 */
final class RawHttp {

	record Response(int status, String head, String body) {
	}

	private RawHttp() {
	}

	static String basic(String user, String password) {
		return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	static Response get(String localAddress, int port, String path, String... headerLines) {
		return send(localAddress, port, "GET", path, null, headerLines);
	}

	static Response send(String localAddress, int port, String method, String path, String body,
			String... headerLines) {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(localAddress, 0));
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(30_000);
			StringBuilder request = new StringBuilder(
					method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n");
			for (String h : headerLines) {
				request.append(h).append("\r\n");
			}
			byte[] bytes = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
			if (body != null) {
				request.append("Content-Length: ").append(bytes.length).append("\r\n");
			}
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(bytes);
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			in.transferTo(all);
			String text = all.toString(StandardCharsets.UTF_8);
			int end = text.indexOf("\r\n\r\n");
			String head = (end >= 0) ? text.substring(0, end) : text;
			String rest = (end >= 0) ? text.substring(end + 4) : "";
			return new Response(Integer.parseInt(head.substring(9, 12)), head, rest);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
