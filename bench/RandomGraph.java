// Benchmark heap for heapdrop: a route planner's road graph with random topology (every reference points at a
// random node, so the heap has no locality), plus names (String + byte[]) and per-node edge arrays for variety.
// Usage: java -Xmx3g RandomGraph.java <nodes> [seed]; prints "ready <pid>" once built, then waits to be dumped.
// With 3,200,000 nodes: about 20 M objects and 55 M references (Node, Edge[], Edge x avg 4, some Strings).

import java.util.SplittableRandom;

public class RandomGraph {
    static final class Node {
        final long id;
        final double lat;
        final double lon;
        Edge[] out;
        String name;

        Node(long id, double lat, double lon) {
            this.id = id;
            this.lat = lat;
            this.lon = lon;
        }
    }

    static final class Edge {
        final Node from;
        final Node to;
        final float cost;
        /** Another random edge (e.g. a turn restriction's partner): more references, more cross links. */
        Edge twin;

        Edge(Node from, Node to, float cost) {
            this.from = from;
            this.to = to;
            this.cost = cost;
        }
    }

    /** GC roots of the graph: a few thousand entry points ("landmarks"); everything else hangs off edges. */
    static Node[] landmarks;
    static long checksum;

    public static void main(String[] args) throws Exception {
        int nodeCount = Integer.parseInt(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
        SplittableRandom random = new SplittableRandom(seed);
        Node[] all = new Node[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            all[i] = new Node(i, 45 + random.nextDouble() * 10, 5 + random.nextDouble() * 10);
            if (random.nextInt(6) == 0) all[i].name = "Street " + Integer.toHexString(random.nextInt()) + " #" + i;
        }
        Edge[] edges = new Edge[nodeCount * 4 + 8];
        int edgeCount = 0;
        for (int i = 0; i < nodeCount; i++) {
            Node from = all[i];
            int degree = 2 + random.nextInt(5); // 2..6, mean 4
            from.out = new Edge[degree];
            for (int k = 0; k < degree; k++) {
                Edge e = new Edge(from, all[random.nextInt(nodeCount)], (float) random.nextDouble(1, 100));
                from.out[k] = e;
                if (edgeCount == edges.length) edges = java.util.Arrays.copyOf(edges, edgeCount * 2);
                edges[edgeCount++] = e;
            }
        }
        for (int i = 0; i < edgeCount; i++) edges[i].twin = edges[random.nextInt(edgeCount)];
        landmarks = new Node[Math.max(1, nodeCount / 1000)];
        for (int i = 0; i < landmarks.length; i++) landmarks[i] = all[random.nextInt(nodeCount)];
        for (Node n : landmarks) checksum += n.id;
        // Drop the build-time arrays: what stays alive is what the edges reach from the landmarks.
        all = null;
        edges = null;
        System.gc();
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
