package dev.portcullis.auth.cli;

import static dev.portcullis.auth.cli.CliRun.authctl;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class InitCommandTest {

  @TempDir Path directory;

  @Test
  void init_writesACheckableConfigAndCreatesTheStore() throws IOException {
    Path demo = directory.resolve("demo");

    CliRun init = authctl("", "init", demo.toString());

    assertThat(init.exitCode).isZero();
    assertThat(init.out)
        .contains("wrote " + demo.resolve("auth.properties"))
        .contains("Portcullis schema 1 in h2:" + demo.resolve("data").resolve("portcullis"));
    assertThat(Files.exists(demo.resolve("data/portcullis.mv.db"))).isTrue();
    String config = Files.readString(demo.resolve("auth.properties"), UTF_8);
    assertThat(config)
        .contains("store.type = h2", "store.h2.directory = data", "pepper = none",
            "hashing.argon2id.memory-kib = 19456");

    CliRun check = authctl("", "check", "--config", demo.resolve("auth.properties").toString());
    assertThat(check.exitCode).as(check.out + check.err).isZero();
    CliRun list = authctl("", "user", "list", "--config", demo.resolve("auth.properties").toString());
    assertThat(list.exitCode).as(list.err).isZero();
    assertThat(list.out).isEmpty();
  }

  @Test
  void init_existingConfig_isNeverOverwritten() throws IOException {
    Path existing = directory.resolve("auth.properties");
    Files.writeString(existing, "# mine\n", UTF_8);

    CliRun init = authctl("", "init", directory.toString());

    assertThat(init.exitCode).isEqualTo(2);
    assertThat(init.err).contains(existing + " already exists; authctl init never overwrites");
    assertThat(Files.readString(existing, UTF_8)).isEqualTo("# mine\n");
  }
}
