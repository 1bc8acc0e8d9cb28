/**
 * {@code authctl}, the Portcullis command line. Passwords are read from standard input only
 * (never from arguments, which leak into {@code ps} and shell history).
 */
@NullMarked
package dev.portcullis.auth.cli;

import org.jspecify.annotations.NullMarked;
