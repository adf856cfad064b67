<?php
define('CIVICRM_UF', defined('DRUPAL_ROOT') ? 'Drupal' : 'Drupal');
define('CIVICRM_DSN', defined('CIVICRM_TEST') ? 'mysql://t_u:s3cr3t@dbhost.example/t' : 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true');
