package dev.pulse.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The public endpoints' guard: rate limit per client with Retry-After, body limits, cross-site forms. */
class PublicEndpointGuardTest {

  private final AtomicInteger passed = new AtomicInteger();
  private final FilterChain chain = (request, response) -> passed.incrementAndGet();

  @Test
  void aClientOverItsBurstGets429WithRetryAfterWhileOthersAreServed() throws Exception {
    PublicEndpointGuard guard = new PublicEndpointGuard(3, 60, 1024, false, "http://127.0.0.1:8080");
    for (int i = 0; i < 3; i++) {
      assertThat(call(guard, post("/api/targeting/evaluate", "203.0.113.1", 20)).getStatus()).isEqualTo(200);
    }
    MockHttpServletResponse limited = call(guard, post("/api/targeting/evaluate", "203.0.113.1", 20));
    assertThat(limited.getStatus()).isEqualTo(429);
    assertThat(limited.getHeader("Retry-After")).isEqualTo("1"); // 60 a minute: one token a second
    assertThat(limited.getContentType()).isEqualTo("application/problem+json");
    assertThat(limited.getContentAsString()).contains("Too many requests");
    assertThat(call(guard, post("/api/targeting/evaluate", "203.0.113.2", 20)).getStatus()).as("another client").isEqualTo(200);
    // the answer page, answers and the chat widget's calls (a visitor's flood) share the client's bucket
    assertThat(call(guard, get("/r/some-token", "203.0.113.1")).getStatus()).isEqualTo(429);
    assertThat(call(guard, post("/api/widget/shop/messages", "203.0.113.1", 20)).getStatus()).isEqualTo(429);
    // private endpoints are not rate limited here
    for (int i = 0; i < 5; i++) {
      assertThat(call(guard, get("/api/surveys", "203.0.113.1")).getStatus()).isEqualTo(200);
    }
    assertThat(passed.get()).isEqualTo(4 + 5);
    // a huge visitor message is refused before it is read
    assertThat(call(guard, post("/api/widget/shop/messages", "203.0.113.9", 20_000)).getStatus()).isEqualTo(413);
  }

  @Test
  void theRetryAfterGrowsWithTheWaitAndTokensComeBack() throws Exception {
    PublicEndpointGuard guard = new PublicEndpointGuard(1, 6, 1024, false, "");
    assertThat(guard.take("c")).isZero();
    assertThat(guard.take("c")).isBetween(9L, 10L); // 6 a minute: ten seconds a token
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    PublicEndpointGuard fast = new PublicEndpointGuard(1, 60_000, 1024, false, "", clock::get);
    assertThat(fast.take("c")).isZero();
    clock.addAndGet(5_000_000); // 5 ms later
    assertThat(fast.take("c")).as("refilled after a millisecond at 1000/s").isZero();
  }

  @Test
  void bodiesMustDeclareTheirLengthAndStayUnderTheLimit() throws Exception {
    PublicEndpointGuard guard = new PublicEndpointGuard(100, 100, 1024, false, "");
    assertThat(call(guard, post("/api/responses", "198.51.100.1", 2048)).getStatus()).isEqualTo(413);
    MockHttpServletRequest unknownLength = post("/api/responses", "198.51.100.1", -1);
    assertThat(call(guard, unknownLength).getStatus()).isEqualTo(411);
    assertThat(call(guard, post("/api/responses", "198.51.100.1", 100)).getStatus()).isEqualTo(200);
  }

  @Test
  void theAnswerFormRefusesAPostFromAnotherSite() throws Exception {
    PublicEndpointGuard guard = new PublicEndpointGuard(100, 100, 1024, false, "https://pulse.example.com");
    MockHttpServletRequest crossSite = post("/r/token", "198.51.100.1", 10);
    crossSite.addHeader("Host", "pulse.internal:8080");
    crossSite.addHeader("Origin", "https://evil.example");
    assertThat(call(guard, crossSite).getStatus()).isEqualTo(403);
    MockHttpServletRequest sameSite = post("/r/token", "198.51.100.1", 10);
    sameSite.addHeader("Host", "pulse.internal:8080");
    sameSite.addHeader("Origin", "http://pulse.internal:8080");
    assertThat(call(guard, sameSite).getStatus()).isEqualTo(200);
    MockHttpServletRequest viaPublicUrl = post("/r/token", "198.51.100.1", 10);
    viaPublicUrl.addHeader("Host", "pulse.internal:8080");
    viaPublicUrl.addHeader("Origin", "https://pulse.example.com");
    assertThat(call(guard, viaPublicUrl).getStatus()).isEqualTo(200);
  }

  @Test
  void forwardedForCountsOnlyWhenTrusted() throws Exception {
    PublicEndpointGuard untrusted = new PublicEndpointGuard(1, 1, 1024, false, "");
    PublicEndpointGuard trusted = new PublicEndpointGuard(1, 1, 1024, true, "");
    MockHttpServletRequest a = get("/api/targeting/evaluate", "10.0.0.1");
    a.addHeader("X-Forwarded-For", "203.0.113.7, 10.0.0.1");
    MockHttpServletRequest b = get("/api/targeting/evaluate", "10.0.0.1");
    b.addHeader("X-Forwarded-For", "203.0.113.8, 10.0.0.1");
    assertThat(call(untrusted, a).getStatus()).isEqualTo(200);
    assertThat(call(untrusted, b).getStatus()).as("one proxy address, one bucket").isEqualTo(429);
    assertThat(call(trusted, a).getStatus()).isEqualTo(200);
    assertThat(call(trusted, b).getStatus()).as("two visitors behind the proxy").isEqualTo(200);
  }

  private MockHttpServletResponse call(PublicEndpointGuard guard, MockHttpServletRequest request) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    guard.doFilter(request, response, chain);
    return response;
  }

  private static MockHttpServletRequest post(String path, String client, int length) {
    MockHttpServletRequest r = new MockHttpServletRequest("POST", path);
    r.setRemoteAddr(client);
    if (length >= 0) {
      r.setContent(new byte[length]);
    }
    return r;
  }

  private static MockHttpServletRequest get(String path, String client) {
    MockHttpServletRequest r = new MockHttpServletRequest("GET", path);
    r.setRemoteAddr(client);
    return r;
  }
}
