package dev.pulse.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.PulseStackTest;
import io.github.bucket4j.TimeMeter;
import jakarta.servlet.FilterChain;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The public endpoints' guard: rate limit per client with Retry-After, body limits, cross-site
 * forms. The buckets are the real ones, in the stack's PostgreSQL, so two guards on it are two
 * replicas; each test's clients carry a tag of their own.
 */
class PublicEndpointGuardTest extends PulseStackTest {

  private final String tag = "-" + UUID.randomUUID().toString().substring(0, 8);

  private final AtomicInteger passed = new AtomicInteger();
  private final FilterChain chain = (request, response) -> passed.incrementAndGet();

  @Test
  void aClientOverItsBurstGets429WithRetryAfterWhileOthersAreServed() throws Exception {
    PublicEndpointGuard guard = guard(3, 60, 1024, false, "http://127.0.0.1:8080");
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
    ClientRateLimits slow = limits(1, 6, TimeMeter.SYSTEM_MILLISECONDS);
    assertThat(slow.take("c" + tag)).isZero();
    assertThat(slow.take("c" + tag)).isBetween(9L, 10L); // 6 a minute: ten seconds a token
    AtomicLong clock = new AtomicLong(System.currentTimeMillis() * 1_000_000);
    ClientRateLimits fast = limits(1, 60_000, clock(clock));
    assertThat(fast.take("f" + tag)).isZero();
    assertThat(fast.take("f" + tag)).as("the only token is taken").isEqualTo(1);
    clock.addAndGet(5_000_000); // 5 ms later
    assertThat(fast.take("f" + tag)).as("refilled after a millisecond at 1000/s").isZero();
  }

  @Test
  void twoReplicasDrawFromTheSameBucket() throws Exception {
    PublicEndpointGuard one = guard(4, 1, 1024, false, "");
    PublicEndpointGuard two = guard(4, 1, 1024, false, "");
    String client = "203.0.113.50";
    assertThat(call(one, get("/api/targeting/evaluate", client)).getStatus()).isEqualTo(200);
    assertThat(call(two, get("/api/targeting/evaluate", client)).getStatus()).isEqualTo(200);
    assertThat(call(one, get("/api/targeting/evaluate", client)).getStatus()).isEqualTo(200);
    assertThat(call(two, get("/api/targeting/evaluate", client)).getStatus()).isEqualTo(200);
    assertThat(call(one, get("/api/targeting/evaluate", client)).getStatus()).as("the burst of 4 is spent across both").isEqualTo(429);
    assertThat(call(two, get("/api/targeting/evaluate", client)).getStatus()).isEqualTo(429);
  }

  @Test
  void parallelRequestsOnTwoReplicasNeverGetMoreThanTheBurst() throws Exception {
    ClientRateLimits one = limits(10, 1, TimeMeter.SYSTEM_MILLISECONDS);
    ClientRateLimits two = limits(10, 1, TimeMeter.SYSTEM_MILLISECONDS);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Long>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ClientRateLimits replica = i % 2 == 0 ? one : two;
        calls.add(() -> replica.take("p" + tag));
      }
      long allowed = 0;
      for (Future<Long> f : pool.invokeAll(calls)) {
        allowed += f.get() == 0 ? 1 : 0;
      }
      assertThat(allowed).as("40 parallel requests, a burst of 10, a token a minute").isEqualTo(10);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBucketFullAgainIsRemovedSoTheTableHoldsOnlyRecentClients() {
    // one client's bucket is full again within a millisecond (1000 a second), the other's in a minute
    ClientRateLimits quick = new ClientRateLimits(jdbc.getDataSource(), 2, 60_000, TimeMeter.SYSTEM_MILLISECONDS, java.time.Duration.ZERO);
    ClientRateLimits slow = new ClientRateLimits(jdbc.getDataSource(), 2, 1, TimeMeter.SYSTEM_MILLISECONDS, java.time.Duration.ZERO);
    assertThat(quick.take("old" + tag)).isZero();
    assertThat(slow.take("new" + tag)).isZero();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM rate_limit_buckets WHERE id IN (?, ?)", Long.class, "old" + tag, "new" + tag)).isEqualTo(2);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> quick.removeExpired() > 0
        && jdbc.queryForObject("SELECT count(*) FROM rate_limit_buckets WHERE id = ?", Long.class, "old" + tag) == 0);
    assertThat(jdbc.queryForList("SELECT id FROM rate_limit_buckets WHERE id IN (?, ?)", String.class, "old" + tag, "new" + tag)).containsExactly("new" + tag);
  }

  @Test
  void bodiesMustDeclareTheirLengthAndStayUnderTheLimit() throws Exception {
    PublicEndpointGuard guard = guard(100, 100, 1024, false, "");
    assertThat(call(guard, post("/api/responses", "198.51.100.1", 2048)).getStatus()).isEqualTo(413);
    MockHttpServletRequest unknownLength = post("/api/responses", "198.51.100.1", -1);
    assertThat(call(guard, unknownLength).getStatus()).isEqualTo(411);
    assertThat(call(guard, post("/api/responses", "198.51.100.1", 100)).getStatus()).isEqualTo(200);
  }

  @Test
  void theAnswerFormRefusesAPostFromAnotherSite() throws Exception {
    PublicEndpointGuard guard = guard(100, 100, 1024, false, "https://pulse.example.com");
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
    PublicEndpointGuard untrusted = guard(1, 1, 1024, false, "");
    PublicEndpointGuard trusted = guard(1, 1, 1024, true, "");
    MockHttpServletRequest a = get("/api/targeting/evaluate", "10.0.0.1");
    a.addHeader("X-Forwarded-For", "203.0.113.7" + tag + ", 10.0.0.1");
    MockHttpServletRequest b = get("/api/targeting/evaluate", "10.0.0.1");
    b.addHeader("X-Forwarded-For", "203.0.113.8" + tag + ", 10.0.0.1");
    assertThat(call(untrusted, a).getStatus()).isEqualTo(200);
    assertThat(call(untrusted, b).getStatus()).as("one proxy address, one bucket").isEqualTo(429);
    assertThat(call(trusted, a).getStatus()).isEqualTo(200);
    assertThat(call(trusted, b).getStatus()).as("two visitors behind the proxy").isEqualTo(200);
  }

  private PublicEndpointGuard guard(int burst, int perMinute, long maxBody, boolean trustForwardedFor, String publicUrl) {
    return new PublicEndpointGuard(limits(burst, perMinute, TimeMeter.SYSTEM_MILLISECONDS), maxBody, trustForwardedFor, publicUrl);
  }

  private ClientRateLimits limits(int burst, int perMinute, TimeMeter clock) {
    return new ClientRateLimits(jdbc.getDataSource(), burst, perMinute, clock, java.time.Duration.ofSeconds(10));
  }

  private static TimeMeter clock(AtomicLong nanos) {
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return nanos.get();
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }

  private MockHttpServletResponse call(PublicEndpointGuard guard, MockHttpServletRequest request) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    guard.doFilter(request, response, chain);
    return response;
  }

  private MockHttpServletRequest post(String path, String client, int length) {
    MockHttpServletRequest r = new MockHttpServletRequest("POST", path);
    r.setRemoteAddr(client + tag);
    if (length >= 0) {
      r.setContent(new byte[length]);
    }
    return r;
  }

  private MockHttpServletRequest get(String path, String client) {
    MockHttpServletRequest r = new MockHttpServletRequest("GET", path);
    r.setRemoteAddr(client + tag);
    return r;
  }
}
