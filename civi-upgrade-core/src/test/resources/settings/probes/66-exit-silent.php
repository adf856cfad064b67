<?php
if (!defined('DRUPAL_ROOT')) { exit; }
define('CIVICRM_DSN', 'mysql://u:' . trim('p') . '@h/db?new_link=true');
define('CIVICRM_TEMPLATE_COMPILEDIR','/tmp/tc/');
