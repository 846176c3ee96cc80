import java.util.ArrayList;
import java.util.List;

/**
 * Dies of OutOfMemoryError while a deep call chain holds a large collection in a local variable: main ->
 * Server.handle -> Pipeline.stage (12 levels) -> Collector.collect, whose local `chunks` (an ArrayList of 64 KB
 * byte[]) fills the heap. Run with a small -Xmx and -XX:+HeapDumpOnOutOfMemoryError (see make-fixtures.sh).
 */
public class OomChain {
    public static void main(String[] args) {
        System.out.println(new Server().handle("request-42"));
    }

    static class Server {
        int handle(String request) {
            Pipeline pipeline = new Pipeline(request);
            return pipeline.stage(12);
        }
    }

    static class Pipeline {
        final String name;

        Pipeline(String name) {
            this.name = name;
        }

        int stage(int depth) {
            if (depth > 0) return stage(depth - 1);
            return new Collector().collect(name);
        }
    }

    static class Collector {
        int collect(String source) {
            List<byte[]> chunks = new ArrayList<>();
            for (int i = 0; ; i++) {
                byte[] chunk = new byte[64 * 1024];
                chunk[0] = (byte) i;
                chunks.add(chunk);
                if (chunks.size() < 0) return i; // never: keeps `chunks` live to the end
            }
        }
    }
}
