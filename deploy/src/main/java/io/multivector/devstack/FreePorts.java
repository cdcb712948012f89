package io.multivector.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports nothing listens on, for processes about to start. Taken together: a port asked for and
 * released at once may be handed out again by the next request, and two services would then be
 * given the same port.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** {@code n} distinct ports, each free when this returns. */
    public static List<Integer> take(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                held.add(new ServerSocket(0));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a socket that never served anything
                }
            }
        }
    }
}
