package dev.portcullis.auth.hashers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * argon2-jvm is an optional dependency: a JVM without it on the class path starts the default
 * Argon2 hasher, passes its self-test and computes every reference hash (on Portcullis's own
 * library). Proven in a separate JVM whose class path is this one's minus argon2-jvm.
 */
final class WithoutArgon2JvmTest {

  @Test
  void defaultHasher_argon2JvmAbsent_selfTestsAndVerifiesEveryReferenceHash()
      throws IOException, InterruptedException {
    NativeArgon2Library.backend(); // without our library, argon2-jvm's absence is a real limit
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> entries = Arrays.asList(classPath.split(File.pathSeparator));
    String withoutArgon2Jvm =
        entries.stream()
            .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("argon2-jvm"))
            .collect(Collectors.joining(File.pathSeparator));
    assertThat(withoutArgon2Jvm.length()).isLessThan(classPath.length());

    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                withoutArgon2Jvm,
                WithoutArgon2JvmMain.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("argon2 (portcullis-argon2/").endsWith("ok\n");
  }
}
