/** Built-in credential stores. */
@NullMarked
package dev.portcullis.auth.store;

import org.jspecify.annotations.NullMarked;
