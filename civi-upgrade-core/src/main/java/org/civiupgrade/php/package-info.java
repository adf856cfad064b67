/**
 * PHP values and the two ways this library meets them without running PHP.
 *
 * <ul>
 *   <li>{@link org.civiupgrade.php.PhpValue}: the one model of a PHP value (null, bool, int,
 *       float, string, array, object). Strings are byte strings, as in PHP, with a UTF-8 view
 *       ({@link org.civiupgrade.php.PhpValue.Str#text()}); arrays are ordered and keyed by ints
 *       or strings, with PHP's key conversion ({@code "5"} is the int key 5). The
 *       {@code civicrm.settings.php} reader ({@code org.civiupgrade.settings}), Drupal's
 *       {@code variable} table and {@code settings.php} all use it.</li>
 *   <li>{@link org.civiupgrade.php.PhpSerialization}: {@code serialize()}/{@code unserialize()}
 *       in the format PHP's {@code ext/standard/var.c} writes ({@code php_var_serialize}) and
 *       {@code ext/standard/var_unserializer.re} reads: {@code N;}, {@code b:1;}, {@code i:42;},
 *       {@code d:0.5;}, {@code s:<byte count>:"<bytes>";}, {@code a:<n>:{key value ...}},
 *       {@code O:<len>:"Class":<n>:{...}}; references and custom serialization are refused.</li>
 *   <li>{@link org.civiupgrade.php.PhpFile}: static reading of PHP source, for configuration
 *       files such as Drupal's {@code settings.php}: the top-level assignments,
 *       {@code define()} calls and includes, with a value known only when it is a literal
 *       (strings including heredoc/nowdoc, numbers, booleans, null, {@code array(...)} and
 *       {@code [...]}, concatenation) and everything PHP computes reported as
 *       {@link org.civiupgrade.php.PhpFile.Unknown} with its line, never guessed.</li>
 * </ul>
 *
 * <p>PHP source is tokenized by one lexer for the whole library (in the internal package
 * {@code org.civiupgrade.php.internal}, which the settings reader shares): it never fails, its
 * tokens cover every byte, and strings are kept as the file's exact bytes.
 *
 * <p>API status: experimental. Public so that integrators can build on it, but it may still
 * change in a minor release while the extension model settles; changes show in the module's API
 * snapshot.
 */
@NullMarked
package org.civiupgrade.php;

import org.jspecify.annotations.NullMarked;
