<?php
define('CIVICRM_DSN', 'mysql://u_u:s3cr3t@dbhost.example/db?new_link=true');
define('CIVICRM_TEMPLATE_COMPILEDIR', DRUPAL_ROOT . '/sites/default/files/civicrm/templates_c/');
