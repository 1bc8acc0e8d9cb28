package dev.portcullis.auth.cli;

/**
 * A command cannot do its job; authctl prints the message on stderr and exits with {@link
 * #EXIT_CODE}. Messages never contain a password or a hash.
 */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The exit code of every "cannot do it" failure, per the authctl contract. */
  static final int EXIT_CODE = 2;

  CommandFailure(String message) {
    super(message);
  }
}
