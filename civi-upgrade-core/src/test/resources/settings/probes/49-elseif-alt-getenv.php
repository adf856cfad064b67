<?php
if (getenv('CIVICRM_DSN') !== FALSE):
  define('CIVICRM_DSN', getenv('CIVICRM_DSN'));
elseif (isset($GLOBALS['_CV']['TEST_DB_DSN'])):
  define('CIVICRM_DSN', $GLOBALS['_CV']['TEST_DB_DSN']);
else:
  define('CIVICRM_DSN', 'mysql://alt_u:s3cr3t@dbhost.example/alt?new_link=true');
endif;
