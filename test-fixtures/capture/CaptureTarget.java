// The JVM that `heapdrop capture`'s tests attach to (src/cli/capture/capture.test.ts compiles and starts it):
// a known object graph (321 CaptureTarget$Marker objects in a static list, each with a byte[1000 + i]), then
// "ready" on stdout, then it waits to be dumped and killed.
import java.util.ArrayList;
import java.util.List;

public class CaptureTarget {
    static final class Marker {
        final byte[] payload;

        Marker(int i) {
            payload = new byte[1000 + i];
        }
    }

    static final List<Marker> MARKERS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 321; i++) MARKERS.add(new Marker(i));
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
