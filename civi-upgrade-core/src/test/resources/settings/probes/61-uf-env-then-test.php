<?php
define('CIVICRM_UF', getenv('CIVICRM_UF') ?: 'Drupal');
if (CIVICRM_UF === 'UnitTests') {
  define('CIVICRM_DSN', 'mysql://test_u:s3cr3t@dbhost.example/test');
}
define('CIVICRM_DSN', 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true');
