// A program dumped twice for the diff fixture: InvoiceService.CACHE (an ArrayList) holds 1,000 Sessions at the
// first dump and 5,000 at the second (4,000 more); everything else stays the same. Each Session holds a
// 64-byte payload. Markers in the working directory sequence the dumps (see make-fixture.sh).
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public class DiffGrowth {
    static class Session {
        final long id;
        final byte[] payload = new byte[64];
        Session(long id) { this.id = id; }
    }

    static class InvoiceService {
        static final List<Session> CACHE = new ArrayList<>();
    }

    /** Unchanged between the dumps. */
    static final List<String> CONFIG = new ArrayList<>();

    static void grow(int n) {
        int start = InvoiceService.CACHE.size();
        for (int i = 0; i < n; i++) InvoiceService.CACHE.add(new Session(start + i));
    }

    static void await(Path p) throws InterruptedException {
        while (!Files.exists(p)) Thread.sleep(50);
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 100; i++) CONFIG.add("config-" + i);
        grow(1000);
        Files.writeString(Path.of("first.ready"), "1");
        await(Path.of("grow.now"));
        grow(4000);
        Files.writeString(Path.of("second.ready"), "1");
        await(Path.of("stop.now"));
    }
}
