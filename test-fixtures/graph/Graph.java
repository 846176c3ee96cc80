// A small known object graph for heapdrop's reader tests. Run by make-fixture.sh, which dumps it with jcmd.
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class Graph {
    static final class Item {
        final int id;
        final String label;
        Item next;
        Item(int id, String label) { this.id = id; this.label = label; }
    }
    static final class Leaf extends Object {
        long a; double b; boolean c; byte d; char e; short f; float g; Object h;
    }
    static final class Wide extends Object {
        Object[] slots = new Object[7];
    }

    static List<Item> items = new ArrayList<>();
    static Map<String, int[]> blocks = new HashMap<>();
    static Leaf[] leaves = new Leaf[333];
    static Wide wide = new Wide();
    static long[][] grid = new long[4][25];
    static Runnable lambda = () -> System.out.println("never");

    public static void main(String[] args) throws Exception {
        Item prev = null;
        for (int i = 0; i < 1234; i++) {
            Item it = new Item(i, "item-" + (i % 17));
            if (prev != null) prev.next = it;
            prev = it;
            items.add(it);
        }
        for (int i = 0; i < 40; i++) blocks.put("block-" + i, new int[100 + i]);
        for (int i = 0; i < leaves.length; i += 3) leaves[i] = new Leaf();
        for (int i = 0; i < 7; i++) wide.slots[i] = new byte[i * 11];
        System.out.println("ready " + ProcessHandle.current().pid());
        Thread.sleep(600_000);
    }
}
