<?php
if (!defined('CIVICRM_UF')) define('CIVICRM_UF', 'Drupal');
if (!defined('CIVICRM_DSN')) define('CIVICRM_DSN', 'mysql://first_u:s3cr3t@dbhost.example/first?new_link=true');
if (!defined('CIVICRM_DSN')) define('CIVICRM_DSN', 'mysql://second_u:s3cr3t@dbhost.example/second?new_link=true');
