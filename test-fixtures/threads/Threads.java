import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;

/**
 * Several threads in known states, each holding an int[] of a known length in a local variable of a known frame:
 *   lock-holder  TIMED_WAITING  holds LOCK and sleeps         holdLock:      int[1001] `held`
 *   blocked      BLOCKED        waits to enter LOCK           enterLock:     int[1002] `pending`
 *   waiter       WAITING        SIGNAL.wait()                 awaitSignal:   int[1003] `waiting` (daemon, priority 7)
 *   runner       RUNNABLE       ServerSocket.accept()         serve:         int[1004] `serving`
 *   main         TIMED_WAITING  sleeps after printing "ready" main:          int[1005] `mainData`
 * Dumped by make-fixtures.sh with jcmd Thread.print just before jcmd GC.heap_dump -gz=1.
 */
public class Threads {
    static final Object LOCK = new Object();
    static final Object SIGNAL = new Object();

    public static void main(String[] args) throws Exception {
        int[] mainData = new int[1005];
        CountDownLatch locked = new CountDownLatch(1);
        Thread holder = new Thread(() -> holdLock(locked), "lock-holder");
        holder.start();
        locked.await();
        Thread blocked = new Thread(Threads::enterLock, "blocked");
        blocked.start();
        Thread waiter = new Thread(Threads::awaitSignal, "waiter");
        waiter.setDaemon(true);
        waiter.setPriority(7);
        waiter.start();
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread runner = new Thread(() -> serve(socket), "runner");
        runner.start();
        while (blocked.getState() != Thread.State.BLOCKED || waiter.getState() != Thread.State.WAITING) {
            Thread.sleep(10);
        }
        Thread.sleep(500); // the runner reaches accept()
        System.out.println("ready " + mainData.length);
        Thread.sleep(Long.MAX_VALUE);
    }

    static void holdLock(CountDownLatch locked) {
        int[] held = new int[1001];
        synchronized (LOCK) {
            locked.countDown();
            sleepForever(held);
        }
    }

    static void sleepForever(int[] data) {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            data[0] = 1;
        }
    }

    static void enterLock() {
        int[] pending = new int[1002];
        synchronized (LOCK) {
            pending[0] = 1;
        }
    }

    static void awaitSignal() {
        int[] waiting = new int[1003];
        synchronized (SIGNAL) {
            try {
                SIGNAL.wait();
            } catch (InterruptedException e) {
                waiting[0] = 1;
            }
        }
    }

    static void serve(ServerSocket socket) {
        int[] serving = new int[1004];
        try {
            socket.accept().close();
        } catch (Exception e) {
            serving[0] = 1;
        }
    }
}
