package dev.portcullis.auth.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class SettingNameTest {

  private static final java.util.Set<String> KNOWN = AuthConfigLoader.KEYS;

  @Test
  void everyDocumentedKey_isWellFormed() {
    for (String key : AuthConfigLoader.KEYS) {
      assertThat(SettingName.isWellFormed(key, KNOWN)).as(key).isTrue();
    }
    assertThat(SettingName.isWellFormed("pepper.keys.k-2", KNOWN)).isTrue();
    assertThat(SettingName.isWellFormed("preflight.canary.main.password", KNOWN)).isTrue();
    assertThat(SettingName.isWellFormed("hashing.shceme", KNOWN)).isTrue();
    assertThat(SettingName.isWellFormed("revison", KNOWN)).isTrue();
    assertThat(SettingName.isWellFormed("peper", KNOWN)).isTrue();
    assertThat(SettingName.isWellFormed("configschema", KNOWN)).isTrue();
  }

  @Test
  void secretsAndBrokenLines_areNotWellFormed() {
    assertThat(SettingName.isWellFormed("q3Yx9tVb0LkR2mWnZs8dFh4jPc6eGa1uTi7oXy5wEvM", KNOWN)).isFalse();
    assertThat(SettingName.isWellFormed("0f1e2d3c4b5a69788796a5b4c3d2e1f0", KNOWN)).isFalse();
    assertThat(SettingName.isWellFormed("pepper.keys.k1: q3Yx9tVb0Lk", KNOWN)).isFalse();
    assertThat(SettingName.isWellFormed("hunter2", KNOWN)).isFalse();
    assertThat(SettingName.isWellFormed("a.b+c/d", KNOWN)).isFalse();
  }

  @Test
  void shape_countsCharactersAndNamesTheAlphabet_withoutAnyOfTheText() {
    assertThat(SettingName.shapeOf("q3Yx9tVb0LkR2mWnZs8dFh4jPc6eGa1uTi7oXy5wEvM="))
        .isEqualTo("44 characters, looks like base64");
    assertThat(SettingName.shapeOf("0f1e2d3c4b5a69788796a5b4c3d2e1f0"))
        .isEqualTo("32 characters, looks like hex");
    assertThat(SettingName.shapeOf("a b")).isEqualTo("3 characters, contains spaces");
    assertThat(SettingName.shapeOf("x")).isEqualTo("1 character");
  }

  @Test
  void beforeColon_namesTheSettingOnlyWhenItIsOne() {
    assertThat(SettingName.beforeColon("pepper.keys.k1: abc", KNOWN)).isEqualTo("pepper.keys.k1");
    assertThat(SettingName.beforeColon("c2VjcmV0IGtleQ", KNOWN)).isNull();
    assertThat(SettingName.beforeColon("s3cr3t: x", KNOWN)).isNull();
  }
}
