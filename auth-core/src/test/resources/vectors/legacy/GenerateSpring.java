// Writes spring-security.tsv: hashes written by Spring Security's own encoders
// (spring-security-crypto 7.1.2, bcprov-jdk18on 1.83 for Argon2). Run with Java 17+:
//   M=~/.m2/repository; CP=$M/org/springframework/security/spring-security-crypto/7.1.2/spring-security-crypto-7.1.2.jar:$M/org/bouncycastle/bcprov-jdk18on/1.83/bcprov-jdk18on-1.83.jar:$M/commons-logging/commons-logging/1.3.5/commons-logging-1.3.5.jar
//   java -cp "$CP" GenerateSpring.java
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

public class GenerateSpring {
  public static void main(String[] args) throws Exception {
    PasswordEncoder delegating = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    PasswordEncoder argon2v52 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_2();
    String long94 = "0123456789".repeat(8) + "TAIL-BEYOND-72";
    List<String> passwords =
        List.of("correct horse battery staple", "pässwörd é", "emoji 🔒🐙 pass", long94);
    try (PrintWriter out = new PrintWriter("spring-security.tsv", StandardCharsets.UTF_8)) {
      out.print("# scheme\ttool\tpassword\tencoded\n");
      for (String pw : passwords) {
        for (String id : List.of("bcrypt", "argon2@SpringSecurity_v5_8", "pbkdf2@SpringSecurity_v5_8")) {
          String encoded;
          try {
            // createDelegatingPasswordEncoder writes {bcrypt}; the others through their ids
            encoded = id.equals("bcrypt")
                ? delegating.encode(pw)
                : "{" + id + "}" + encoderFor(id).encode(pw);
          } catch (IllegalArgumentException e) {
            continue; // Spring 7 refuses to write bcrypt hashes of passwords over 72 bytes
          }
          check(delegating, pw, encoded);
          out.print(id + "\tspring-security-crypto 7.1.2 " + id + "\t" + pw + "\t" + encoded + "\n");
        }
        String encoded = "{argon2}" + argon2v52.encode(pw);
        check(delegating, pw, encoded);
        out.print("argon2\tspring-security-crypto 7.1.2 Argon2PasswordEncoder v5_2 defaults\t"
            + pw + "\t" + encoded + "\n");
      }
    }
  }

  private static PasswordEncoder encoderFor(String id) {
    return id.startsWith("argon2")
        ? Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()
        : org.springframework.security.crypto.password.Pbkdf2PasswordEncoder
            .defaultsForSpringSecurity_v5_8();
  }

  private static void check(PasswordEncoder delegating, String pw, String encoded) {
    if (!delegating.matches(pw, encoded) || delegating.matches("x" + pw, encoded)) {
      throw new IllegalStateException("Spring does not verify its own hash " + encoded);
    }
  }
}
