// Benchmark heap for heapdrop's size limits: many small objects. A HashMap<Long, Long> (per entry a HashMap$Node and
// two Longs, one reference per object on average). With 33,500,000 entries: about 100 M objects in a ~4.5 GB dump.
// Usage: java -Xmx8g SmallObjects.java <entries>; prints "ready <pid>" once built, then waits to be dumped.
import java.util.HashMap;

public class SmallObjects {
    static HashMap<Long, Long> map;

    public static void main(String[] args) throws Exception {
        int entries = Integer.parseInt(args[0]);
        map = new HashMap<>(entries / 3 * 4 + 16);
        for (int i = 0; i < entries; i++) map.put(1000L + i * 7L, 5000L + i);
        System.gc();
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
