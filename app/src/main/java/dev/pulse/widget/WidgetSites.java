package dev.pulse.widget;

import dev.pulse.conversations.VisitorConversations;
import dev.pulse.platform.web.StrictJson;
import java.net.URI;
import java.sql.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The sites that embed the chat widget. A site's id is public (it is in the script tag); what
 * keeps others from using it is the list of page origins allowed to call the widget's endpoints
 * for it, checked on every call (see {@link WidgetOriginFilter}).
 */
@Service
public class WidgetSites {

  /** A site: its CHAT channel (and that channel's inbox), and the origins allowed to embed it. */
  public record Site(String id, String name, String channelId, String inboxId, List<String> allowedOrigins) {
    boolean allows(String origin) {
      return origin != null && allowedOrigins.contains(normalize(origin));
    }
  }

  private final JdbcTemplate jdbc;
  private final VisitorConversations conversations;
  /** Sites by id for the origin check on every widget call; dropped on every change here (other replicas: see {@link #find}). */
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<Site> site, long at) {}

  WidgetSites(JdbcTemplate jdbc, VisitorConversations conversations) {
    this.jdbc = jdbc;
    this.conversations = conversations;
  }

  /** The site, read again at most every 5 s (an origin list edited on another replica counts within that). */
  public Optional<Site> find(String id) {
    Cached c = cache.get(id);
    long now = System.nanoTime();
    if (c != null && now - c.at() < 5_000_000_000L) {
      return c.site();
    }
    Optional<Site> site = jdbc.query("SELECT id, name, channel_id, allowed_origins FROM widget_sites WHERE id = ?", (rs, i) -> {
      Array origins = rs.getArray(4);
      String channel = rs.getString(3);
      return new Site(rs.getString(1), rs.getString(2), channel, conversations.chatChannelInbox(channel).orElse(null),
          List.of((String[]) origins.getArray()));
    }, id).stream().findFirst();
    if (cache.size() > 10_000) {
      cache.clear();
    }
    cache.put(id, new Cached(site, now));
    return site;
  }

  public List<Site> all() {
    List<Site> out = new ArrayList<>();
    for (String id : jdbc.queryForList("SELECT id FROM widget_sites ORDER BY id", String.class)) {
      cache.remove(id);
      find(id).ifPresent(out::add);
    }
    return out;
  }

  /** Creates or replaces a site; the channel must be a CHAT channel, each origin scheme://host[:port]. */
  public Site save(String id, String name, String channelId, List<String> allowedOrigins) {
    if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
      throw StrictJson.invalidField("id", "is 1-64 letters, digits, '-' or '_'");
    }
    if (conversations.chatChannelInbox(channelId).isEmpty()) {
      throw StrictJson.invalidField("channelId", "'" + channelId + "' is not a CHAT channel (create one with PUT /api/channels/{id}, type CHAT)");
    }
    List<String> origins = new ArrayList<>();
    for (int i = 0; i < allowedOrigins.size(); i++) {
      String origin = allowedOrigins.get(i);
      String normal = normalize(origin);
      if (normal == null) {
        throw StrictJson.invalidField("allowedOrigins[" + i + "]", "'" + origin + "' is not an origin such as https://www.example.com (scheme, host, optional port; no path)");
      }
      origins.add(normal);
    }
    jdbc.update("INSERT INTO widget_sites (id, name, channel_id, allowed_origins) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, channel_id = EXCLUDED.channel_id, allowed_origins = EXCLUDED.allowed_origins, updated_at = now()",
        id, name, channelId, origins.toArray(String[]::new));
    cache.remove(id);
    return find(id).orElseThrow();
  }

  /** scheme://host[:port] in lower case, the default port left out; null when it is not an origin. */
  static String normalize(String origin) {
    try {
      URI uri = URI.create(origin.trim());
      if (uri.getScheme() == null || uri.getHost() == null || !Arrays.asList("http", "https").contains(uri.getScheme().toLowerCase())
          || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) || uri.getRawQuery() != null || uri.getUserInfo() != null) {
        return null;
      }
      String scheme = uri.getScheme().toLowerCase();
      int port = uri.getPort();
      boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
      return scheme + "://" + uri.getHost().toLowerCase() + (defaultPort ? "" : ":" + port);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
