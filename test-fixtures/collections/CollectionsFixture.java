// Fills every collection heapdrop reads with known keys and values, prints what each holds (in its iteration
// order) to the file named by the first argument, prints "ready" and waits to be dumped.
// See make-fixture.sh for the command that dumps it.
import java.io.PrintWriter;
import java.util.*;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

public class CollectionsFixture {
    /** Keys that all hash alike, so that a HashMap or ConcurrentHashMap bin turns into a tree. */
    static final class Collider implements Comparable<Collider> {
        final int id;
        Collider(int id) { this.id = id; }
        @Override public int hashCode() { return 42; }
        @Override public boolean equals(Object o) { return o instanceof Collider && ((Collider) o).id == id; }
        @Override public int compareTo(Collider o) { return Integer.compare(id, o.id); }
    }

    static final LinkedHashMap<String, Object> ALL = new LinkedHashMap<>();

    static HashMap<String, Integer> hashMap = new HashMap<>();
    static HashMap<Collider, String> treeified = new HashMap<>();
    static HashMap<String, String> grownThenCleared = new HashMap<>();
    static HashMap<String, String> emptyHashMap = new HashMap<>();
    static LinkedHashMap<String, Integer> linkedHashMap = new LinkedHashMap<>();
    static ConcurrentHashMap<String, Integer> concurrentHashMap = new ConcurrentHashMap<>();
    static ConcurrentHashMap<Collider, String> concurrentTreeified = new ConcurrentHashMap<>();
    static Hashtable<String, String> hashtable = new Hashtable<>();
    static Properties properties = new Properties();
    static TreeMap<Integer, String> treeMap = new TreeMap<>();
    static WeakHashMap<String, String> weakHashMap = new WeakHashMap<>();
    static IdentityHashMap<String, Integer> identityHashMap = new IdentityHashMap<>();
    static HashSet<String> hashSet = new HashSet<>();
    static LinkedHashSet<String> linkedHashSet = new LinkedHashSet<>();
    static TreeSet<String> treeSet = new TreeSet<>();
    static ArrayList<Object> arrayList = new ArrayList<>();
    static ArrayList<String> sparseArrayList = new ArrayList<>(1000);
    static ArrayList<String> grownThenClearedList = new ArrayList<>();
    static ArrayList<String> emptyArrayList = new ArrayList<>();
    static LinkedList<String> linkedList = new LinkedList<>();
    static ArrayDeque<Integer> arrayDeque = new ArrayDeque<>();
    static Vector<String> vector = new Vector<>();
    static CopyOnWriteArrayList<String> copyOnWriteArrayList = new CopyOnWriteArrayList<>();
    static PriorityQueue<Integer> priorityQueue = new PriorityQueue<>();
    static List<Integer> listN = List.of(1, 2, 3, 4, 5);
    static List<String> list12One = List.of("only");
    static List<String> list12Two = List.of("first", "second");
    static Set<String> setN = Set.of("s1", "s2", "s3", "s4", "s5");
    static Set<String> set12One = Set.of("lonely");
    static Set<String> set12Two = Set.of("left", "right");
    static Map<String, String> mapN = Map.of("a", "1", "b", "2", "c", "3");
    static Map<String, String> map1 = Map.of("one", "1");

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 20; i++) hashMap.put("k" + i, i);
        for (int i = 0; i < 20; i++) treeified.put(new Collider(i), "v" + i);
        for (int i = 0; i < 1000; i++) grownThenCleared.put("g" + i, "x");
        grownThenCleared.clear();
        for (String s : new String[] {"zeta", "alpha", "mu", "beta", "omega"}) linkedHashMap.put(s, s.length());
        for (int i = 0; i < 30; i++) concurrentHashMap.put("c" + i, i * 10);
        for (int i = 0; i < 20; i++) concurrentTreeified.put(new Collider(100 + i), "w" + i);
        for (int i = 0; i < 10; i++) hashtable.put("h" + i, "t" + i);
        properties.setProperty("user", "duke");
        properties.setProperty("port", "8080");
        properties.setProperty("host", "localhost");
        for (int i = 0; i < 25; i++) treeMap.put(i * 7 % 25, "n" + i);
        // String literals are interned: the weak keys stay reachable through the constant pool.
        for (String k : new String[] {"wa", "wb", "wc", "wd", "we", "wf"}) weakHashMap.put(k, k + "!");
        for (String k : new String[] {"ia", "ib", "ic", "id", "ie"}) identityHashMap.put(k, k.hashCode() % 100);
        identityHashMap.put(null, -1);
        for (int i = 0; i < 15; i++) hashSet.add("e" + i);
        for (String s : new String[] {"red", "green", "blue", "cyan"}) linkedHashSet.add(s);
        for (String s : new String[] {"pear", "apple", "fig", "kiwi", "date"}) treeSet.add(s);
        arrayList.add("first");
        arrayList.add(7);
        arrayList.add(null);
        arrayList.add(123456789L);
        arrayList.add("last");
        sparseArrayList.add("one");
        sparseArrayList.add("two");
        sparseArrayList.add("three");
        for (int i = 0; i < 200; i++) grownThenClearedList.add("l" + i);
        grownThenClearedList.clear();
        for (String s : new String[] {"l1", "l2", "l3", "l4", "l5", "l6", "l7"}) linkedList.add(s);
        for (int i = 0; i < 10; i++) arrayDeque.addLast(i);
        for (int i = 0; i < 4; i++) arrayDeque.pollFirst();
        for (int i = 10; i < 19; i++) arrayDeque.addLast(i); // wraps around the end of the array
        for (String s : new String[] {"v1", "v2", "v3"}) vector.add(s);
        for (String s : new String[] {"cw1", "cw2", "cw3", "cw4"}) copyOnWriteArrayList.add(s);
        for (int i : new int[] {50, 10, 40, 20, 30, 60, 5, 45}) priorityQueue.add(i);

        ALL.put("hashMap", hashMap);
        ALL.put("treeified", treeified);
        ALL.put("grownThenCleared", grownThenCleared);
        ALL.put("emptyHashMap", emptyHashMap);
        ALL.put("linkedHashMap", linkedHashMap);
        ALL.put("concurrentHashMap", concurrentHashMap);
        ALL.put("concurrentTreeified", concurrentTreeified);
        ALL.put("hashtable", hashtable);
        ALL.put("properties", properties);
        ALL.put("treeMap", treeMap);
        ALL.put("weakHashMap", weakHashMap);
        ALL.put("identityHashMap", identityHashMap);
        ALL.put("hashSet", hashSet);
        ALL.put("linkedHashSet", linkedHashSet);
        ALL.put("treeSet", treeSet);
        ALL.put("arrayList", arrayList);
        ALL.put("sparseArrayList", sparseArrayList);
        ALL.put("grownThenClearedList", grownThenClearedList);
        ALL.put("emptyArrayList", emptyArrayList);
        ALL.put("linkedList", linkedList);
        ALL.put("arrayDeque", arrayDeque);
        ALL.put("vector", vector);
        ALL.put("copyOnWriteArrayList", copyOnWriteArrayList);
        ALL.put("priorityQueue", priorityQueue);
        ALL.put("listN", listN);
        ALL.put("list12One", list12One);
        ALL.put("list12Two", list12Two);
        ALL.put("setN", setN);
        ALL.put("set12One", set12One);
        ALL.put("set12Two", set12Two);
        ALL.put("mapN", mapN);
        ALL.put("map1", map1);

        // One line per collection: its static field's name, its size, then each entry (key=value, or the
        // element) in iteration order, tab-separated. s: a String, i: an Integer or Long, o: another object.
        try (PrintWriter out = new PrintWriter(args[0], "UTF-8")) {
            for (Map.Entry<String, Object> e : ALL.entrySet()) {
                StringBuilder line = new StringBuilder(e.getKey());
                Object c = e.getValue();
                if (c instanceof Map) {
                    line.append('\t').append(((Map<?, ?>) c).size());
                    for (Map.Entry<?, ?> entry : ((Map<?, ?>) c).entrySet()) {
                        line.append('\t').append(text(entry.getKey())).append('=').append(text(entry.getValue()));
                    }
                } else {
                    line.append('\t').append(((Collection<?>) c).size());
                    for (Object x : (Collection<?>) c) line.append('\t').append(text(x));
                }
                out.println(line);
            }
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    static String text(Object o) {
        if (o == null) return "null";
        if (o instanceof String) return "s:" + o;
        if (o instanceof Integer || o instanceof Long) return "i:" + o;
        return "o:" + o.getClass().getName();
    }
}
