/**
 * JMH benchmarks of the hashing hot path, each beside the raw library underneath it, so that the
 * cost Portcullis adds on top of the native hash is measured rather than assumed.
 */
@NullMarked
package dev.portcullis.auth.benchmarks;

import org.jspecify.annotations.NullMarked;
