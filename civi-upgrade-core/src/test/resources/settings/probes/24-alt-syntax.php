<?php
if (!defined('CIVICRM_UF')):
  if (getenv('CIVICRM_UF')):
    define('CIVICRM_UF', getenv('CIVICRM_UF'));
  else:
    define('CIVICRM_UF', 'Drupal');
  endif;
endif;
if (!defined('CIVICRM_DSN')):
  define('CIVICRM_DSN', 'mysql://alt_u:s3cr3t@dbhost.example/alt?new_link=true');
endif;
