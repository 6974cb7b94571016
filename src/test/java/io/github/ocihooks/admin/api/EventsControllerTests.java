package io.github.ocihooks.admin.api;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot event is sent from the thread that wrote a file; a client that went away
 * must not make that write fail. Seen in the browser test: a delete succeeded on disk and
 * still answered 500, because completing the broken emitter from the writing thread threw
 * (Tomcat refuses that once it has reported the error itself).
 */
class EventsControllerTests {

	@Test
	void aClientThatWentAwayIsDroppedWithoutAnError() {
		EventsController events = new EventsController(null);
		SseEmitter gone = new SseEmitter() {
			@Override
			public void send(SseEventBuilder builder) throws IOException {
				throw new IOException("Broken pipe");
			}

			@Override
			public void completeWithError(Throwable ex) {
				throw new IllegalStateException("A non-container (application) thread attempted to use the "
						+ "AsyncContext after an error had occurred");
			}
		};
		assertThat(events.send(gone, SseEmitter.event().name("snapshot").data("{}"))).isFalse();
	}

}
