package io.github.ocihooks.admin.api;

import java.io.IOException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.ServletWebRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that closes the connection while a large answer (a preview of 1,000 hooks) is
 * being written is normal and must not fill the admin's log with warnings; a real failure
 * to write an answer still warns.
 */
class ApiExceptionHandlerTests {

	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	private Level rootLevel;

	@BeforeEach
	void captureLog() {
		this.rootLevel = this.root.getLevel();
		this.root.setLevel(Level.INFO);
		this.logged.start();
		this.root.addAppender(this.logged);
	}

	@AfterEach
	void releaseLog() {
		this.root.detachAppender(this.logged);
		this.root.setLevel(this.rootLevel);
	}

	@Test
	void aClientThatWentAwayMidAnswerIsNotAWarning() throws Exception {
		Object answer = handle(new HttpMessageNotWritableException(
				"Could not write JSON: ServletOutputStream failed " + "to write", new IOException("Broken pipe")));

		assertThat(answer).isNull();
		assertThat(this.logged.list).noneMatch((event) -> event.getLevel().isGreaterOrEqual(Level.WARN));
	}

	@Test
	void aRealFailureToWriteAnAnswerStillWarns() throws Exception {
		Object answer = handle(new HttpMessageNotWritableException("Could not write JSON: no serializer for type X"));

		assertThat(answer).isNull();
		assertThat(this.logged.list).anyMatch((event) -> event.getLevel() == Level.WARN
				&& event.getFormattedMessage().contains("no serializer for type X"));
	}

	/**
	 * The answer had already started (committed), as when a streamed JSON body fails half
	 * way.
	 */
	private Object handle(HttpMessageNotWritableException ex) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setCommitted(true);
		ServletWebRequest request = new ServletWebRequest(new MockHttpServletRequest("POST", "/api/v1/preview"),
				response);
		return new ApiExceptionHandler().handleException(ex, request);
	}

}
