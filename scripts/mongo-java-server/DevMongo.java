import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Starts mongo-java-server on 127.0.0.1 and prints the bound port on stdout ("LISTENING <port>").
 * Args: [port (0 = any free)] [h2 file path, optional: on-disk storage instead of memory].
 * Exits when stdin closes, so the server never outlives the Node process that started it.
 */
public class DevMongo {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    MongoBackend backend = args.length > 1 ? new H2Backend(args[1]) : new MemoryBackend();
    // The Node driver 7 under mongoose 9 refuses servers below wire version 9 (MongoDB 4.4), and the
    // library's newest built-in version reports 8. Claim 4.4 / wire 9: the oldest the driver accepts,
    // so it sends nothing newer than it must.
    backend.version(new MongoVersion() {
      public List<Integer> getVersionArray() { return List.of(4, 4, 0); }
      public int getWireVersion() { return 9; }
    });
    MongoServer server = new MongoServer(backend);
    server.bind("127.0.0.1", port);
    InetSocketAddress address = server.getLocalAddress();
    System.out.println("LISTENING " + address.getPort());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    while (System.in.read() != -1) { /* wait for the parent to go away */ }
    server.shutdownNow();
    System.exit(0);
  }
}
