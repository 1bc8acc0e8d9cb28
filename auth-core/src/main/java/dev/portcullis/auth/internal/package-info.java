/** Implementation details of auth-core; not API, may change in any release. */
@NullMarked
package dev.portcullis.auth.internal;

import org.jspecify.annotations.NullMarked;
