package dev.portcullis.auth.hashers;

import java.util.Optional;

/** The three Argon2 variants and the PHC ids of their hashes. */
enum Argon2Variant {
  ARGON2D("argon2d"),
  ARGON2I("argon2i"),
  ARGON2ID("argon2id");

  private final String schemeId;

  Argon2Variant(String schemeId) {
    this.schemeId = schemeId;
  }

  String schemeId() {
    return schemeId;
  }

  static Optional<Argon2Variant> bySchemeId(String schemeId) {
    for (Argon2Variant variant : values()) {
      if (variant.schemeId.equals(schemeId)) {
        return Optional.of(variant);
      }
    }
    return Optional.empty();
  }
}
