// Serves an embedded Neo4j Community DBMS over Bolt on 127.0.0.1 with authentication on, until SIGINT/SIGTERM.
// Arguments: DATA_DIR PORT PASSWORD PAGECACHE_MIB [PLUGIN_DIR]. With PLUGIN_DIR (the GDS build's gds-plugins), Neo4j
// loads the procedures there and lets gds.* run unrestricted. The password is (re)set on every start, so the printed one always works.
package ringscan.neo4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: Launcher DATA_DIR PORT PASSWORD PAGECACHE_MIB [PLUGIN_DIR]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = args[2];
        long pageCacheMiB = Long.parseLong(args[3]);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        if (args.length == 5) {
            builder.setConfig(GraphDatabaseSettings.plugin_dir, Path.of(args[4]).toAbsolutePath())
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"));
        }
        DatabaseManagementService dbms = builder
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMiB))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j-launcher: stopping");
            dbms.shutdown();
            System.out.println("neo4j-launcher: stopped");
            stopped.countDown();
        }, "neo4j-launcher-shutdown"));

        // The embedded API bypasses auth: set the user's password so Bolt clients can log in with it. A data folder
        // started before with the same password already has it, and Neo4j refuses to "change" a password to itself.
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (QueryExecutionException error) {
            if (!String.valueOf(error.getMessage()).contains("Old password and new password cannot be the same")) {
                System.err.println("neo4j-launcher: cannot set the password of user neo4j: " + error.getMessage().lines().findFirst().orElse(""));
                System.exit(1);
            }
        }

        System.out.println("neo4j-launcher: ready on bolt://127.0.0.1:" + port + " (data in " + home + ")");
        stopped.await();
    }
}
