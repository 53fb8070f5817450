package io.emostream.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class PreflightTest {
    @Test
    void anUnreachableRegistryIsDescribedInWordsNotAsNull() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        IOException failure = null;
        try {
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/subjects"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            failure = e;
        }
        assertThat(failure).isInstanceOf(ConnectException.class);
        assertThat(failure.getMessage()).isNull(); // what made the old line end in ": null"
        assertThat(Preflight.describe(failure)).isEqualTo("connection refused");
    }
}
