<?php
define('CIVICRM_DSN', getenv('CIVICRM_DSN') ?: 'mysql://env_u:s3cr3t@dbhost.example/envdb?new_link=true');
define('CIVICRM_UF', getenv('CIVICRM_UF') ? getenv('CIVICRM_UF') : 'Drupal');
