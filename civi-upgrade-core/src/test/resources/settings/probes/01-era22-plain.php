<?php
define( 'CIVICRM_UF'               , 'Drupal'        );
define( 'CIVICRM_UF_VERSION'       , '6.1' );
define( 'CIVICRM_UF_DSN'           , 'mysql://drupal:drpw@localhost/drupal?new_link=true' );
define( 'CIVICRM_DSN'         , 'mysql://civi:c%3Aw%40x@localhost:3307/civicrm?new_link=true' );
$civicrm_root = '/var/www/sites/all/modules/civicrm';
define( 'CIVICRM_TEMPLATE_COMPILEDIR', '/var/www/files/civicrm/templates_c/' );
define( 'CIVICRM_SITE_KEY', null );
/*
define( 'CIVICRM_DSN'         , 'mysql://old:old@oldhost/old?new_link=true' );
*/
?>
