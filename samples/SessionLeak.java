// heapdrop's sample heap dump: a web service whose session cache never evicts.
// A static SessionCache holds 2,000 Session objects in a LinkedHashMap; each session keeps a 2 KB
// response buffer and a few attribute Strings. A worker thread holds a 256 KB scratch buffer on its stack.
// Prints "ready <pid>" once built, then sleeps until killed (see README.md for the dump command).
import java.util.*;

public class SessionLeak {
    static final class Session {
        final String id;
        final String user;
        final long createdMillis;
        final byte[] lastResponse;
        final Map<String, String> attributes = new HashMap<>();
        Session(String id, String user, long createdMillis, int bufferBytes) {
            this.id = id;
            this.user = user;
            this.createdMillis = createdMillis;
            this.lastResponse = new byte[bufferBytes];
        }
    }

    static final class SessionCache {
        final String name;
        final Map<String, Session> sessions = new LinkedHashMap<>();
        long hits, misses;
        SessionCache(String name) { this.name = name; }
    }

    static SessionCache CACHE;
    /** Text from outside, as dumps hold: the app must show it as text, never as HTML (checked by the e2e tests). */
    static String LAST_USER_AGENT = "<img src=x onerror=\"window.__xss=1\">Mozilla/5.0";
    static final List<String> RECENT_PATHS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        build();
        Thread worker = new Thread(() -> {
            byte[] scratch = new byte[256 * 1024];
            scratch[0] = 1;
            try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { /* exit */ }
            System.out.println(scratch.length);
        }, "request-worker-1");
        worker.setDaemon(true);
        worker.start();
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    static void build() {
        Random random = new Random(7);
        SessionCache cache = new SessionCache("http-sessions");
        for (int i = 0; i < 2_000; i++) {
            String id = String.format("sess-%06d", i);
            Session s = new Session(id, "user" + (i % 300) + "@example.com", 1_700_000_000_000L + i * 1000L, 2048);
            byte[] body = ("{\"order\":" + random.nextInt(100000) + ",\"status\":\"shipped\"}").getBytes();
            for (int b = 0; b < s.lastResponse.length; b++) s.lastResponse[b] = body[b % body.length];
            s.attributes.put("locale", i % 3 == 0 ? "en-GB" : "fr-FR");
            s.attributes.put("cart", "items=" + (i % 17));
            cache.sessions.put(id, s);
        }
        CACHE = cache;
        for (int i = 0; i < 200; i++) RECENT_PATHS.add("/api/orders/" + (i * 37));
    }
}
