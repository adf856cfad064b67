/**
 * The library's one PHP lexer ({@link org.civiupgrade.php.internal.PhpTokenizer}) and expression
 * evaluator ({@link org.civiupgrade.php.internal.Evaluator}), shared by
 * {@link org.civiupgrade.php.PhpFile} and the {@code civicrm.settings.php} reader. Not API.
 */
package org.civiupgrade.php.internal;
