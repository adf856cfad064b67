<?php
if (!defined('CIVICRM_UF')) {
  if (getenv('CIVICRM_UF')) { define('CIVICRM_UF', getenv('CIVICRM_UF')); }
  else { define('CIVICRM_UF', 'Drupal'); }
}
if (!defined('CIVICRM_DSN')) {
  if (CIVICRM_UF === 'UnitTests' && isset($GLOBALS['_CV']['TEST_DB_DSN'])) {
    define('CIVICRM_DSN', $GLOBALS['_CV']['TEST_DB_DSN']);
  }
  elseif (CIVICRM_UF === 'UnitTests') {
    throw new \Exception("The test suite requires TEST_DB_DSN");
  }
  else {
    define('CIVICRM_DSN', 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true');
  }
}
if (!defined('CIVICRM_LOGGING_DSN')) {
  define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);
}
