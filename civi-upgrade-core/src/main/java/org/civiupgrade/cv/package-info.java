/** CiviCRM's command-line tool {@code cv}: the database upgrade through {@code cv upgrade:db}. */
package org.civiupgrade.cv;
