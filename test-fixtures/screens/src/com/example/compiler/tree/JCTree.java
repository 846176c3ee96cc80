// A heap of javac-style nested classes with long names, for screenshots of every view: names such as
// com.example.compiler.tree.JCTree$JCMethodInvocation$Builder$Inner must stay readable in narrow columns.
package com.example.compiler.tree;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class JCTree {
  public static class JCMethodInvocation {
    public static class Builder {
      public static class Inner {
        final JCMethodInvocation owner;
        final long[] positions = new long[8];
        Inner(JCMethodInvocation owner) { this.owner = owner; }
      }
    }
    final String name;
    final List<Builder.Inner> inners = new ArrayList<>();
    JCMethodInvocation(String name) { this.name = name; }
  }

  public static class JCExpressionStatement {
    public static class TypeAnnotationPositionResolver {
      public static class DeferredAttributionContext {
        final byte[] scratch = new byte[256];
        final JCExpressionStatement statement;
        DeferredAttributionContext(JCExpressionStatement statement) { this.statement = statement; }
      }
    }
    final Map<String, TypeAnnotationPositionResolver.DeferredAttributionContext> contexts = new HashMap<>();
  }

  /** Reachable from a static field: what the dominator tree and the suspects show. */
  static final List<JCMethodInvocation> INVOCATIONS = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < 3000; i++) {
      JCMethodInvocation m = new JCMethodInvocation("method" + i);
      m.inners.add(new JCMethodInvocation.Builder.Inner(m));
      INVOCATIONS.add(m);
    }
    // Held only by a local of this thread's frame: the threads view shows it retained by the frame.
    JCExpressionStatement statement = new JCExpressionStatement();
    for (int i = 0; i < 2000; i++) {
      statement.contexts.put("ctx" + i, new JCExpressionStatement.TypeAnnotationPositionResolver.DeferredAttributionContext(statement));
    }
    Path dir = Path.of(args[0]);
    Files.writeString(dir.resolve("ready"), "");
    while (!Files.exists(dir.resolve("stop"))) Thread.sleep(50);
    System.out.println(statement.contexts.size() + INVOCATIONS.size());
  }
}
