package dev.pulse.platform.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The public endpoints' rate limit per client: a token bucket ({@code burst} at once, refilled
 * at {@code per-minute}), kept by Bucket4j in PostgreSQL ({@code rate_limit_buckets}, one row per
 * client, updated under {@code SELECT ... FOR UPDATE}), so every replica draws from the same
 * bucket: N replicas allow the configured rate, not N times it, and a restart forgets nothing. A
 * row is removed once its bucket would be full again, so the table holds the clients of the last
 * minutes, not every client ever seen.
 */
@Component
public class ClientRateLimits {

  private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
  private final BucketConfiguration configuration;

  @Autowired
  public ClientRateLimits(
      DataSource dataSource,
      @Value("${pulse.security.public.burst:60}") int burst,
      @Value("${pulse.security.public.per-minute:300}") int perMinute) {
    this(dataSource, burst, perMinute, TimeMeter.SYSTEM_MILLISECONDS, Duration.ofSeconds(10));
  }

  /**
   * With the clock the buckets refill by (tests pass their own; it must be wall-clock time,
   * replicas share it) and how long a row stays once its bucket is full again.
   */
  public ClientRateLimits(DataSource dataSource, int burst, int perMinute, TimeMeter clock, Duration keepWhenFull) {
    this.configuration = BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
        .build();
    this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
        .primaryKeyMapper(PrimaryKeyMapper.STRING)
        .table("rate_limit_buckets")
        .idColumn("id")
        .stateColumn("state")
        .expiresAtColumn("expires_at")
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(keepWhenFull))
        .clientClock(clock)
        .build();
  }

  /** Takes a token for the client: 0 when allowed, else the whole seconds until one is free (at least 1). */
  public long take(String client) {
    ConsumptionProbe probe = buckets.builder().build(client, () -> configuration).tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return 0;
    }
    return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
  }

  /** Removes the rows of buckets that are full again (a client not seen since), a thousand at a time. */
  @Scheduled(fixedDelayString = "${pulse.security.public.cleanup-interval:1m}", initialDelayString = "${pulse.security.public.cleanup-interval:1m}")
  public int removeExpired() {
    int removed = 0;
    for (int batch = buckets.removeExpired(1000); batch > 0 && removed < 100_000; batch = buckets.removeExpired(1000)) {
      removed += batch;
    }
    return removed;
  }
}
