package io.multivector.devstack;

/**
 * Entry point of the broker's own JVM: runs {@code kafka.Kafka} and exits when the process that
 * started it is gone, so a killed test run or stack never leaves a broker behind.
 * Arguments: the parent's pid, the server.properties path.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        long parent = Long.parseLong(args[0]);
        Thread.ofPlatform().daemon().name("parent-watch").start(() -> {
            ProcessHandle.of(parent).ifPresent(p -> p.onExit().join());
            System.exit(0);
        });
        kafka.Kafka.main(new String[]{args[1]});
    }
}
